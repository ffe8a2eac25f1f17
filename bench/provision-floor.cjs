// The floor of one `connector provision` (and, with FLOOR_REQUESTS=1, of one `send`), for
// bench/run.mjs, which bundles it as the CLI is bundled: a CommonJS program that loads the same
// parts of undici the client loads (src/api/undici.ts), makes provision's three requests (look
// up, create, duplicate check) or the one create to CONNECTOR_BASE_URL, and writes one small
// file with fsync, as the store does. Nothing else: no parser, no validation, no store lock.
"use strict";
const { closeSync, fsyncSync, openSync, writeSync } = require("node:fs");
const { join } = require("node:path");
require("node:v8").setFlagsFromString("--liftoff-only");
const Pool = require("undici/lib/dispatcher/pool.js");
const request = require("undici/lib/api/api-request.js");

const base = new URL(process.env.CONNECTOR_BASE_URL);
const pool = new Pool(base.origin);
const headers = { authorization: `User ${process.env.CONNECTOR_USER_SECRET}, Organization ${process.env.CONNECTOR_ORG_SECRET}`, accept: "application/json" };
const name = `floor-${process.pid}-${Date.now()}`;
const body = JSON.stringify({
  element: { key: "twilio" },
  name,
  configuration: {
    "messaging.sms.twilio.account": "AC0123456789abcdef0123456789abcdef",
    "messaging.sms.twilio.token": "5f4dcc3b5aa765d61d8327deb882cf99",
    "messaging.sms.twilio.sender": "+15005550006",
  },
});
const send = async (method, path, payload) => {
  const answer = await request.call(pool, {
    origin: base.origin,
    method,
    path: `${base.pathname}${path}`,
    headers: payload ? { ...headers, "content-type": "application/json" } : headers,
    body: payload,
  });
  return answer.body.text();
};

(async () => {
  const one = process.env.FLOOR_REQUESTS === "1";
  if (!one) await send("GET", `/instances?searchText=${name}`);
  await send("POST", "/instances", body);
  if (!one) await send("GET", `/instances?searchText=${name}`);
  const fd = openSync(join(process.env.CONNECTOR_CONFIG_DIR, "floor.json"), "w", 0o600);
  writeSync(fd, body);
  fsyncSync(fd);
  closeSync(fd);
  await pool.close();
})();
