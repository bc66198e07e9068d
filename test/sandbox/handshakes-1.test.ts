// 1,000 of the 2,000 key exchanges with a client that pads g_ab (see _handshakes.ts).
import t from "tap";
import { runHandshakes } from "./_handshakes.js";

t.test("1,000 key exchanges with a client that pads g_ab to 256 bytes all agree on the key", (t) => runHandshakes(t, 1000));
