// What the two sets of login pages (/setup and the OAuth login at /oauth/interaction) share over
// HTTP: form parsing, the status of a page that shows a wizard error, the QR image, and the JSON answer to a
// QR login's status poll.
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import QRCode from "qrcode";
import type { LoginWizard, WizardContext, WizardError } from "../services/accounts/wizard.js";

/** A form field: optional text, length-capped (the page's schema lists its fields). */
export const formField = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** Both sets of pages post urlencoded forms: parse them in their scope (no extra dependency), size-capped. */
export function acceptForms(fastify: FastifyInstance, bodyLimit = 8192): void {
  fastify.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string", bodyLimit }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body.toString())));
  });
}

/** The status of a page that shows `error`: limits are 429, everything else the user's input (400). */
export function wizardErrorStatus(error: WizardError): number {
  return error.code === "FLOOD_WAIT" || error.code === "TOO_MANY_FAILURES" || error.code === "CODE_SEND_LIMIT" ? 429 : 400;
}

export const qrImage = (url: string): Promise<string> => QRCode.toDataURL(url, { margin: 1, width: 240, errorCorrectionLevel: "M" });

/** The answer to a QR page's status poll (JSON), with the status code set on `reply`. */
export async function qrStatusAnswer(wizard: LoginWizard, loginId: string | undefined, ctx: WizardContext, reply: FastifyReply): Promise<object> {
  const status = loginId ? await wizard.qrStatus(loginId, ctx) : ({ status: "expired" } as const);
  switch (status.status) {
    case "expired":
      reply.code(410);
      return { status: "expired", message: "This login has expired. Start again." };
    case "refreshed":
      return { status: "refreshed", image: await qrImage(status.url), link: status.url };
    case "error":
      if (status.error.retryAfterS) reply.header("retry-after", String(status.error.retryAfterS));
      reply.code(wizardErrorStatus(status.error));
      return { status: "error", message: status.error.message };
    default:
      return { status: status.status };
  }
}

/**
 * The sandbox knows only `+999…` test numbers: a real number (`+44 7700 900123`) is refused with
 * this message, before any code is asked for, instead of Telegram's "not a valid number".
 * Undefined when the number is a sandbox one, or not a number at all (the wizard says why).
 */
export function sandboxPhoneRefusal(raw: string | undefined): string | undefined {
  const digits = String(raw ?? "").replace(/[\s().-]/g, "").replace(/^\+/, "").replace(/^00/, "");
  if (!/^\d{7,15}$/.test(digits) || digits.startsWith("999")) return undefined;
  return (
    "This server runs on the sandbox, a fake Telegram for trying tgmcp: it knows only +999… test numbers " +
    "(for example +999 662 0001, whose code is 22222), not real ones. To log in with your own number, " +
    "run the server against Telegram with your API_ID and API_HASH (README: \"Use your real Telegram account\")."
  );
}

/** A Telegram user as the pages name them: name and @username, never the phone number. */
export function displayName(user: { firstName?: string | null; lastName?: string | null; username?: string | null }, fallback = "your account"): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(" ");
  const handle = user.username ? `@${user.username}` : "";
  return name && handle ? `${name} (${handle})` : name || handle || fallback;
}
