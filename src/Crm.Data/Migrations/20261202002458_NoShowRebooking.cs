using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class NoShowRebooking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "UX_Meeting_Match",
                table: "Meetings");

            migrationBuilder.CreateIndex(
                name: "UX_Meeting_Match",
                table: "Meetings",
                column: "MatchId",
                unique: true,
                filter: "\"MatchId\" IS NOT NULL AND \"Status\" NOT IN ('Cancelled', 'NoShow')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "UX_Meeting_Match",
                table: "Meetings");

            migrationBuilder.CreateIndex(
                name: "UX_Meeting_Match",
                table: "Meetings",
                column: "MatchId",
                unique: true,
                filter: "\"MatchId\" IS NOT NULL AND \"Status\" <> 'Cancelled'");
        }
    }
}
