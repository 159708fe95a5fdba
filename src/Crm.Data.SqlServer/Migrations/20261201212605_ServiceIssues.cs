using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ServiceIssues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Code",
                table: "ServiceIssues",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RaisedAs",
                table: "ServiceIssues",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "ServiceIssues",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Issues recorded before codes existed get one from their id, so the unique index can be built.
            migrationBuilder.Sql("UPDATE ServiceIssues SET Code = CONCAT('SI', Id), RaisedAs = 'Exhibitor' WHERE Code = ''");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIssues_Code",
                table: "ServiceIssues",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIssues_EditionId_RaisedAt",
                table: "ServiceIssues",
                columns: new[] { "EditionId", "RaisedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServiceIssues_Code",
                table: "ServiceIssues");

            migrationBuilder.DropIndex(
                name: "IX_ServiceIssues_EditionId_RaisedAt",
                table: "ServiceIssues");

            migrationBuilder.DropColumn(
                name: "Code",
                table: "ServiceIssues");

            migrationBuilder.DropColumn(
                name: "RaisedAs",
                table: "ServiceIssues");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ServiceIssues");
        }
    }
}
