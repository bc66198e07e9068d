// 500 of the 2,000 key exchanges with a client that pads g_ab (see _handshakes.ts); four files
// keep each well under a minute on a busy machine.
import t from "tap";
import { runHandshakes } from "./_handshakes.js";

t.test("500 key exchanges with a client that pads g_ab to 256 bytes all agree on the key", (t) => runHandshakes(t, 500));
