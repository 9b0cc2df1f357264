using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPlatform.Logistics.Data.Migrations
{
    /// <inheritdoc />
    public partial class ShipmentChannel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "channel",
                table: "shipments",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "channel",
                table: "shipments");
        }
    }
}
