import { createTestApp } from "../helpers/test-app.ts";
import { marketAccessSuite } from "./market-access-suite.ts";

const { app } = createTestApp();
marketAccessSuite("Node", async (path, init) => app.request(path, init));
