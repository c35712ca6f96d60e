// The floor of the fixed choices: a minimal Hono app on @hono/node-server exchanging the same bytes as the app and as
// bench/bare-exchange.mjs. GET /healthz answers BARE_GET_FILE's JSON with c.json; POST /v1/translations parses its
// body with c.req.json() and answers BARE_POST_FILE's JSON. No middleware, no log line. WORK_US (default 0) adds that
// many µs of synchronous work to every request, standing for what an app does per request (bench/http-budget.ts).
import { readFileSync } from "node:fs";
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const getAnswer = JSON.parse(readFileSync(process.env.BARE_GET_FILE ?? "", "utf8"));
const postAnswer = JSON.parse(readFileSync(process.env.BARE_POST_FILE ?? "", "utf8"));
const workMs = Number(process.env.WORK_US ?? 0) / 1000;
const work = () => {
  const started = performance.now();
  while (performance.now() - started < workMs);
};

const app = new Hono();
app.get("/healthz", (c) => {
  work();
  return c.json(getAnswer);
});
app.post("/v1/translations", async (c) => {
  await c.req.json();
  work();
  return c.json(postAnswer);
});
serve({ fetch: app.fetch, port: Number(process.argv[2]), hostname: "127.0.0.1" });
