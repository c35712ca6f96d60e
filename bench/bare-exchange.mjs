// The anchor for the HTTP goals: a bare node:http server exchanging the same bytes as the app. A GET answers
// BARE_GET_FILE's bytes (what /healthz sends); a POST reads its whole body, then answers BARE_POST_FILE's bytes (what
// POST /v1/translations sends for that body). No routing, no checks: what node:http costs on this machine.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const getBody = readFileSync(process.env.BARE_GET_FILE ?? "");
const postBody = readFileSync(process.env.BARE_POST_FILE ?? "");
createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(req.method === "POST" ? postBody : getBody);
  });
}).listen(Number(process.argv[2]), "127.0.0.1");
