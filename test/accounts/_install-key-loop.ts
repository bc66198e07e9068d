// Child of install-key-crash.test.ts: first starts of new session folders under the folder
// it is given, one after another, until it is killed. Each creates the folder's install.key.
import path from "node:path";
import { FileAccountStore } from "../../services/accounts/file-store.js";
import { awaitInput } from "./_kill.js";

const root = await awaitInput();
if (!path.isAbsolute(root)) throw new Error(`expected an absolute folder, got ${JSON.stringify(root)}`);
for (let i = 0; ; i++) await new FileAccountStore({ dir: path.join(root, `d${i}`) }).init();
