using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OrderPlatform.Logistics.Data.Migrations
{
    /// <inheritdoc />
    public partial class CarrierVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "carriers",
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
                table: "carriers");
        }
    }
}
