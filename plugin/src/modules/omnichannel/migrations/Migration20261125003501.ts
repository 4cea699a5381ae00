import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261125003501 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_card_token" add column if not exists "acquirer_token" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_card_token" drop column if exists "acquirer_token";`);
  }

}
