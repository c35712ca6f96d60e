import { SELF } from "cloudflare:test";
import { marketAccessSuite } from "../api/market-access-suite.ts";

// The same market-access contract as the Node run, served by src/worker.ts inside workerd.
marketAccessSuite("Workers (workerd)", (path, init) => SELF.fetch(`https://kakehashi.test${path}`, init));
