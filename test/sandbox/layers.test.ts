// What the sandbox cannot parse is answered per request, as on Telegram: an unknown method or
// constructor, or invokeWithLayer with a layer it does not serve, gets an rpc_error for that
// msg_id (inside a msg_container too) and the connection stays usable. The spec-written raw
// client sends the bytes gramjs would never write; real gramjs shows the happy path.
import t, { type Test } from "tap";
import { Api } from "telegram";
import { SERVED_LAYERS, type Sandbox } from "../../sandbox/index.js";
import { connectClient, startSandbox } from "../helpers/sandbox.js";
import { RawMtprotoClient } from "../helpers/mtproto-client.js";

async function raw(t: Test, sb: Sandbox): Promise<RawMtprotoClient> {
  const c = await RawMtprotoClient.connect({ host: sb.host, port: sb.port, framing: "intermediate", rsa: sb.rsaPublicKey! });
  t.teardown(() => c.close());
  await c.handshake();
  return c;
}

const nearest = () => new Api.help.GetNearestDc().getBytes();
/** A body whose first constructor id no layer has. */
const unknownMethod = Buffer.from("efbeadde00000000", "hex");
/** messages.getHistory whose peer (inputPeerSelf) carries a constructor id the schema lacks. */
function unknownArgument(): Buffer {
  const b = new Api.messages.GetHistory({ peer: new Api.InputPeerSelf(), limit: 1 }).getBytes();
  b.writeUInt32LE(0xdeadbeef, b.indexOf(Buffer.from("c97ea07d", "hex"))); // inputPeerSelf#7da07ec9
  return b;
}
const withLayer = (layer: number, query: Buffer) =>
  new Api.InvokeWithLayer({
    layer,
    query: new Api.InitConnection({
      apiId: 1,
      deviceModel: "layers-test",
      systemVersion: "1",
      appVersion: "1",
      systemLangCode: "en",
      langPack: "",
      langCode: "en",
      query: { getBytes: () => query } as unknown as Api.AnyRequest,
    }),
  }).getBytes();

t.test("unknown method and unknown constructor: an rpc_error each, then the same connection answers", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const c = await raw(t, sb);
  const [method] = await c.invokeBodies([unknownMethod]);
  t.same(method, { errorCode: 400, errorMessage: "INPUT_METHOD_INVALID_3735928559_0" }, "the method's constructor id in the error");
  const [arg] = await c.invokeBodies([unknownArgument()]);
  t.same(arg, { errorCode: 400, errorMessage: "INPUT_CONSTRUCTOR_INVALID" });
  const [wrapped] = await c.invokeBodies([withLayer(198, unknownMethod)]);
  t.same(wrapped, { errorCode: 400, errorMessage: "INPUT_METHOD_INVALID_3735928559_0" }, "also under invokeWithLayer + initConnection");
  const { result } = await c.invoke(new Api.help.GetNearestDc());
  t.ok(result instanceof Api.NearestDc, "the connection is still up and answering");
  t.equal(sb.connectionCount, 1);
});

t.test("in one msg_container, only the bad message gets the error", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const c = await raw(t, sb);
  const out = await c.invokeBodies([nearest(), unknownArgument(), unknownMethod, nearest()], { container: true });
  t.ok(out[0] instanceof Api.NearestDc);
  t.same(out[1], { errorCode: 400, errorMessage: "INPUT_CONSTRUCTOR_INVALID" });
  t.same(out[2], { errorCode: 400, errorMessage: "INPUT_METHOD_INVALID_3735928559_0" });
  t.ok(out[3] instanceof Api.NearestDc);
  t.ok((await c.invoke(new Api.help.GetNearestDc())).result instanceof Api.NearestDc, "a following call succeeds");
});

t.test("invokeWithLayer: a layer not served is refused without reading its query; a served one is recorded", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  t.same([...SERVED_LAYERS], [198, 227], "gramjs's layer and mtcute's");
  const c = await raw(t, sb);
  for (const layer of [197, 199, 1]) {
    // The query is garbage in every schema: the sandbox must not try it.
    const [res] = await c.invokeBodies([withLayer(layer, unknownMethod)]);
    t.same(res, { errorCode: 400, errorMessage: "CONNECTION_LAYER_INVALID" }, `layer ${layer}`);
  }
  t.same([...sb.declaredLayers().values()], [], "a refused layer is not recorded");
  const [ok] = await c.invokeBodies([withLayer(198, nearest())]);
  t.ok(ok instanceof Api.NearestDc, "the same connection then inits with layer 198");
  t.same([...sb.declaredLayers().values()], [198]);
});

t.test("gramjs (layer 198) logs in and its key records the layer", async (t) => {
  const sb = await startSandbox(t, { rsa: false, flood: false });
  const me = sb.world.demoAccountId;
  const client = await connectClient(t, sb, await sb.createSession(me));
  const got = await client.getMe();
  t.equal(Number(got.id), me);
  t.same([...sb.declaredLayers(me).values()], [198]);
});

t.test("layer 227 on the wire: requests read in its schema, its own errors per request", async (t) => {
  const sb = await startSandbox(t, { flood: false });
  const c = await raw(t, sb);
  // help.getNearestDc and nearestDc are the same in both layers.
  const [ok] = await c.invokeBodies([withLayer(227, nearest())]);
  t.ok(ok instanceof Api.NearestDc);
  t.same([...sb.declaredLayers().values()], [227], "the key now speaks 227");
  // messages.getSavedDialogsByID#6f6f9c96 exists in 227 only: known to the layer, not to the sandbox.
  const savedById = Buffer.from("969c6f6f0000000015c4b51c00000000", "hex");
  const [only227, unknown, after] = await c.invokeBodies([savedById, unknownMethod, nearest()]);
  t.match(only227, { errorCode: 400, errorMessage: /^INPUT_METHOD_INVALID_\d+_0$/ });
  t.same(unknown, { errorCode: 400, errorMessage: "INPUT_METHOD_INVALID_3735928559_0" });
  t.ok(after instanceof Api.NearestDc, "later requests on the key are read in 227 and answered");
  t.equal(sb.connectionCount, 1);
});
