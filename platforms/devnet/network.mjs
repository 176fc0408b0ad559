// The reference AT Protocol network on this machine (@atproto/dev-env): a PLC directory and a PDS.
// Started by the tests' session fixture (tests/platforms/conftest.py) and by `make devnet`.
//
// Prints one JSON line {"pds": URL, "plc": URL} on stdout once both answer, then runs until its standard
// input closes or it gets SIGTERM/SIGINT, and closes the network. PDS_PORT and PLC_PORT choose the ports
// (dev-env's 2583 and 2582 when unset); the PDS keeps its data under TMPDIR. Its servers listen on every
// interface of the machine: run it only where nothing outside can reach them (a developer's machine, CI).
import { TestNetwork, TestNetworkNoAppView } from '@atproto/dev-env'

const port = (name) => (process.env[name] ? Number(process.env[name]) : undefined)
const params = {
  pds: { port: port('PDS_PORT'), hostname: 'localhost' },
  plc: { port: port('PLC_PORT') },
}

// With DB_POSTGRES_URL and REDIS_HOST set (dev-env's own variables), the Bluesky AppView runs too, in the schemas
// named after DB_POSTGRES_SCHEMA; it serves threads (replies). Without them, the PDS alone.
const withAppView = Boolean(process.env.DB_POSTGRES_URL && process.env.REDIS_HOST)
const network = withAppView
  ? await TestNetwork.create({ ...params, dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA || 'socialgov_devnet' })
  : await TestNetworkNoAppView.create(params)
process.stdout.write(
  JSON.stringify({ pds: network.pds.url, plc: network.plc.url, appview: withAppView ? network.bsky.url : null }) + '\n',
)

let closing = false
async function close() {
  if (closing) return
  closing = true
  try {
    await network.close()
  } finally {
    process.exit(0)
  }
}
process.on('SIGTERM', close)
process.on('SIGINT', close)
if (!process.stdin.isTTY) {
  process.stdin.on('end', close)
  process.stdin.resume()
}
