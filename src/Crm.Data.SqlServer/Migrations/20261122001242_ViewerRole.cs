using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ViewerRole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "AspNetRoles",
                columns: new[] { "Id", "ConcurrencyStamp", "Name", "NormalizedName" },
                values: new object[] { "role-viewer", "role-viewer", "Viewer", "VIEWER" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "AspNetRoles",
                keyColumn: "Id",
                keyValue: "role-viewer");
        }
    }
}
