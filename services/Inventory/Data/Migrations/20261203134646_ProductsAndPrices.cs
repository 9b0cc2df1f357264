using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OrderPlatform.Inventory.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductsAndPrices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "added_at",
                table: "products",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_en",
                table: "products",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "specification",
                table: "products",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "volume_m3",
                table: "products",
                type: "numeric(8,4)",
                precision: 8,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "weight_kg",
                table: "products",
                type: "numeric(8,3)",
                precision: 8,
                scale: 3,
                nullable: false,
                defaultValueSql: "0");

            migrationBuilder.CreateTable(
                name: "customer_prices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    customer_id = table.Column<string>(type: "text", nullable: false),
                    sku = table.Column<string>(type: "text", nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    valid_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    valid_to = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    set_by = table.Column<string>(type: "text", nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("customer_prices_pkey", x => x.id);
                    table.CheckConstraint("customer_prices_unit_price_check", "unit_price > 0");
                    table.ForeignKey(
                        name: "customer_prices_sku_fkey",
                        column: x => x.sku,
                        principalTable: "products",
                        principalColumn: "sku");
                });

            migrationBuilder.CreateTable(
                name: "product_prices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.SerialColumn),
                    sku = table.Column<string>(type: "text", nullable: false),
                    unit_price = table.Column<decimal>(type: "numeric(14,2)", precision: 14, scale: 2, nullable: false),
                    effective_from = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    set_by = table.Column<string>(type: "text", nullable: false),
                    set_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("product_prices_pkey", x => x.id);
                    table.CheckConstraint("product_prices_unit_price_check", "unit_price > 0");
                    table.ForeignKey(
                        name: "product_prices_sku_fkey",
                        column: x => x.sku,
                        principalTable: "products",
                        principalColumn: "sku");
                });

            migrationBuilder.CreateIndex(
                name: "ix_customer_prices_customer_id_sku",
                table: "customer_prices",
                columns: new[] { "customer_id", "sku" });

            migrationBuilder.CreateIndex(
                name: "ix_product_prices_scheduled",
                table: "product_prices",
                column: "effective_from",
                filter: "NOT applied");

            migrationBuilder.CreateIndex(
                name: "ix_product_prices_sku_effective_from",
                table: "product_prices",
                columns: new[] { "sku", "effective_from" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "customer_prices");

            migrationBuilder.DropTable(
                name: "product_prices");

            migrationBuilder.DropColumn(
                name: "added_at",
                table: "products");

            migrationBuilder.DropColumn(
                name: "name_en",
                table: "products");

            migrationBuilder.DropColumn(
                name: "specification",
                table: "products");

            migrationBuilder.DropColumn(
                name: "volume_m3",
                table: "products");

            migrationBuilder.DropColumn(
                name: "weight_kg",
                table: "products");
        }
    }
}
