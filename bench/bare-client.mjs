// The baseline of batch throughput: a bare undici client in its own process, as the CLI is,
// POSTing the same instance body `BARE_TOTAL` times over 16 keep-alive connections with 16
// requests in flight, to the emulator at BARE_URL. Prints how many answers were not 200.
import { Pool } from "undici";

const url = new URL(process.env.BARE_URL);
const total = Number(process.env.BARE_TOTAL);
const inFlight = Number(process.env.BARE_IN_FLIGHT ?? 16);
const headers = { authorization: process.env.BARE_AUTH, accept: "application/json", "content-type": "application/json" };
const pool = new Pool(url.origin, { connections: inFlight });
let sent = 0;
let failed = 0;
const worker = async () => {
  while (sent < total) {
    const n = sent++;
    const body = process.env.BARE_BODY.replace("__NAME__", `bare-${n}`);
    const answer = await pool.request({ path: `${url.pathname}/instances`, method: "POST", headers, body });
    if (answer.statusCode !== 200) failed++;
    await answer.body.json();
  }
};
await Promise.all(Array.from({ length: inFlight }, worker));
await pool.close();
console.log(JSON.stringify({ failed }));
