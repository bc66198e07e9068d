// Real file bytes for the demo world's media: PNG and baseline JPEG images and PDFs with a text
// layer, written from the format specifications (PNG: RFC 2083; JPEG: ITU T.81 baseline with the
// Annex K luminance DC table; PDF 1.4 with the standard Helvetica font), so downloads through
// upload.getFile return files that image decoders and PDF text extractors accept.
import zlib from "node:zlib";


export type Pixel = (x: number, y: number) => [number, number, number];

/** An RGB PNG of w x h pixels. */
export function makePng(w: number, h: number, pixel: Pixel): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const o = y * (w * 3 + 1);
    raw[o] = 0; // filter: none
    for (let x = 0; x < w; x++) raw.set(pixel(x, y), o + 1 + x * 3);
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method extras, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

/** Bit writer for JPEG entropy-coded data (0xFF bytes are stuffed with 0x00). */
class Bits {
  private readonly out: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.flushByte();
    }
  }
  private flushByte(): void {
    this.out.push(this.acc);
    if (this.acc === 0xff) this.out.push(0);
    this.acc = 0;
    this.n = 0;
  }
  end(): Buffer {
    while (this.n !== 0) this.put(1, 1); // pad with 1 bits
    return Buffer.from(this.out);
  }
}

// Annex K.3 luminance DC table: code lengths per category 0..11.
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CODES = (() => {
  const codes: Array<{ code: number; len: number }> = [];
  let code = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < DC_COUNTS[len - 1]!; i++) codes.push({ code: code++, len });
    code <<= 1;
  }
  return codes;
})();

/**
 * A baseline grayscale JPEG (w, h multiples of 8) whose 8x8 blocks carry only their mean (DC
 * coefficients; every AC run ends at once): a blocky but valid image any decoder reads.
 */
export function makeJpeg(w: number, h: number, gray: (x: number, y: number) => number): Buffer {
  const seg = (marker: number, body: number[]) => Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
  const bits = new Bits();
  let prev = 0;
  for (let by = 0; by < h / 8; by++) {
    for (let bx = 0; bx < w / 8; bx++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += gray(bx * 8 + x, by * 8 + y) - 128;
      const dc = Math.round(sum / 8); // F(0,0) of the level-shifted block, quantizer 1
      const diff = dc - prev;
      prev = dc;
      const cat = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const { code, len } = DC_CODES[cat]!;
      bits.put(code, len);
      if (cat) bits.put(diff >= 0 ? diff : diff + (1 << cat) - 1, cat);
      bits.put(0, 1); // AC: end of block (the only symbol of the AC table, code "0")
    }
  }
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    seg(0xdb, [0, ...new Array<number>(64).fill(1)]),
    seg(0xc0, [8, h >> 8, h & 0xff, w >> 8, w & 0xff, 1, 1, 0x11, 0]),
    seg(0xc4, [0x00, ...DC_COUNTS, ...Array.from({ length: 12 }, (_, i) => i)]),
    seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]),
    seg(0xda, [1, 1, 0x00, 0, 63, 0]),
    bits.end(),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A PDF with one page per entry, each line drawn as text (Helvetica 12): a real text layer. */
export function makePdf(pages: string[][], title: string): Buffer {
  const esc = (t: string) => t.replace(/[\\()]/g, (c) => `\\${c}`);
  const objs: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objs[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objs[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objs[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
  pages.forEach((lines, i) => {
    const content = `BT /F1 12 Tf 16 TL 72 720 Td ${lines.map((l) => `(${esc(l)}) Tj T*`).join(" ")} ET`;
    objs[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${pageIds[i]! + 1} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`;
    objs[pageIds[i]! + 1] = `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`;
  });
  const info = objs.length;
  objs[info] = `<< /Title (${esc(title)}) /Producer (tgmcp sandbox) >>`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let i = 1; i < objs.length; i++) {
    offsets[i] = Buffer.byteLength(out, "latin1");
    out += `${i} 0 obj\n${objs[i]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objs.length; i++) out += `${String(offsets[i]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}
