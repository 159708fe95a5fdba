using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class MatchIdIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Meetings_MatchId",
                table: "Meetings",
                column: "MatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Deals_MatchId",
                table: "Deals",
                column: "MatchId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Meetings_MatchId",
                table: "Meetings");

            migrationBuilder.DropIndex(
                name: "IX_Deals_MatchId",
                table: "Deals");
        }
    }
}
