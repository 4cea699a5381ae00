// Creates the database named in DATABASE_URL when it does not exist yet.
const { Client } = require("pg")

async function main() {
  const url = new URL(process.argv[2])
  const name = decodeURIComponent(url.pathname.slice(1))
  url.pathname = "/postgres"
  const client = new Client({ connectionString: url.toString() })
  await client.connect()
  const { rowCount } = await client.query("select 1 from pg_database where datname = $1", [name])
  if (!rowCount) {
    await client.query(`create database "${name.replace(/"/g, '""')}"`)
    console.log(`created database ${name}`)
  }
  await client.end()
}

main().catch((err) => {
  console.error(`Cannot reach PostgreSQL at ${process.argv[2]}: ${err.message}`)
  process.exit(1)
})
