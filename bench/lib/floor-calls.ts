// A scenario's bare Telegram calls, as plain data (they cross IPC) and as gramjs requests: what
// the bench's floor measurements issue without tgmcp (the worker's timed floor, the floor worker,
// and the minimal server in echo-server.ts).
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { parseDateRange, telegramDateParams } from "../../services/telegram/dates.js";

/** One bare Telegram call, as plain data (it crosses IPC). */
export type FloorCall =
  | { rpc: "messages.Search"; peer: string; q: string; limit: number; min_date?: string; max_date?: string }
  | { rpc: "messages.SearchGlobal"; q: string; limit: number; min_date?: string; max_date?: string }
  | { rpc: "contacts.Search"; q: string; limit: number }
  | { rpc: "users.GetFullUser"; peer: string }
  | { rpc: "channels.GetFullChannel"; peer: string }
  | { rpc: "messages.GetMessages"; ids: number[] }
  | { rpc: "channels.GetMessages"; peer: string; ids: number[] }
  | { rpc: "messages.SendMessage"; peer: string; message: string };

const dateParams = (min?: string, max?: string) => {
  const d = telegramDateParams(parseDateRange(min, max));
  return { minDate: d.minDate ?? 0, maxDate: d.maxDate ?? 0 };
};

/** Builds the requests once (peers resolved here, in warm-up), returns a function issuing them. */
export async function prepareFloor(c: TelegramClient, calls: FloorCall[]): Promise<() => Promise<unknown>> {
  const builders: Array<() => Api.AnyRequest> = [];
  for (const f of calls) {
    switch (f.rpc) {
      case "messages.Search": {
        const peer = await c.getInputEntity(f.peer);
        const d = dateParams(f.min_date, f.max_date);
        builders.push(
          () =>
            new Api.messages.Search({ peer, q: f.q, filter: new Api.InputMessagesFilterEmpty(), ...d, offsetId: 0, addOffset: 0, limit: f.limit, maxId: 0, minId: 0, hash: bigInt.zero }),
        );
        break;
      }
      case "messages.SearchGlobal": {
        const d = dateParams(f.min_date, f.max_date);
        builders.push(
          () =>
            new Api.messages.SearchGlobal({ q: f.q, filter: new Api.InputMessagesFilterEmpty(), ...d, offsetRate: 0, offsetPeer: new Api.InputPeerEmpty(), offsetId: 0, limit: f.limit }),
        );
        break;
      }
      case "contacts.Search":
        builders.push(() => new Api.contacts.Search({ q: f.q, limit: f.limit }));
        break;
      case "users.GetFullUser": {
        const id = await c.getInputEntity(f.peer);
        builders.push(() => new Api.users.GetFullUser({ id }));
        break;
      }
      case "channels.GetFullChannel": {
        const channel = await c.getInputEntity(f.peer);
        builders.push(() => new Api.channels.GetFullChannel({ channel }));
        break;
      }
      case "messages.GetMessages":
        builders.push(() => new Api.messages.GetMessages({ id: f.ids.map((id) => new Api.InputMessageID({ id })) }));
        break;
      case "channels.GetMessages": {
        const channel = await c.getInputEntity(f.peer);
        builders.push(() => new Api.channels.GetMessages({ channel, id: f.ids.map((id) => new Api.InputMessageID({ id })) }));
        break;
      }
      case "messages.SendMessage": {
        const peer = await c.getInputEntity(f.peer);
        builders.push(() => new Api.messages.SendMessage({ peer, message: f.message, randomId: bigInt.randBetween("-9223372036854775808", "9223372036854775807") }));
        break;
      }
    }
  }
  return builders.length === 1 ? () => c.invoke(builders[0]!()) : () => Promise.all(builders.map((b) => c.invoke(b())));
}
