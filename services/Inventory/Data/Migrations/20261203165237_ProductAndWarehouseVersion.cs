using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPlatform.Inventory.Data.Migrations
{
    /// <inheritdoc />
    public partial class ProductAndWarehouseVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "warehouses",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "products",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                table: "warehouses");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "products");
        }
    }
}
