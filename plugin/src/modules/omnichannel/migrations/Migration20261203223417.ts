import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261203223417 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_terminal" add column if not exists "offline_max_payment" integer null, add column if not exists "offline_max_total" integer null, add column if not exists "offline_max_hours" integer null, add column if not exists "offline_currency_code" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "omnichannel_terminal" drop column if exists "offline_max_payment", drop column if exists "offline_max_total", drop column if exists "offline_max_hours", drop column if exists "offline_currency_code";`);
  }

}
