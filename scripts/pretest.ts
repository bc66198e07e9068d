// npm's pretest: what `npm test` needs beyond node_modules, fetched once when missing.
import "./ensure-node22.js";
import "./ensure-chromium.js";
