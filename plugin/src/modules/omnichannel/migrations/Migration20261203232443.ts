import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203232443 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_omnichannel_operation_terminal_reference" ON "omnichannel_operation" ("terminal_id", "acquirer_reference") WHERE terminal_id IS NOT NULL AND acquirer_reference IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_omnichannel_operation_terminal_reference";`);
  }

}
