using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.Migrations
{
    /// <inheritdoc />
    public partial class MatchFunnelIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Matches_EditionId_BuyerId_PromotionTeamId_Decisions",
                table: "Matches",
                columns: new[] { "EditionId", "BuyerId", "PromotionTeamId", "ExhibitorDecision", "CounterpartDecision" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Matches_EditionId_BuyerId_PromotionTeamId_Decisions",
                table: "Matches");
        }
    }
}
