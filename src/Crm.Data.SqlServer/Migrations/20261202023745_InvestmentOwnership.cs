using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class InvestmentOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "InvestmentOwnerTeamId",
                table: "Exhibitors",
                type: "int",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Exhibitors_InvestmentOwnerTeamId",
                table: "Exhibitors",
                column: "InvestmentOwnerTeamId");

            migrationBuilder.AddForeignKey(
                name: "FK_Exhibitors_PromotionTeams_InvestmentOwnerTeamId",
                table: "Exhibitors",
                column: "InvestmentOwnerTeamId",
                principalTable: "PromotionTeams",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Exhibitors_PromotionTeams_InvestmentOwnerTeamId",
                table: "Exhibitors");

            migrationBuilder.DropIndex(
                name: "IX_Exhibitors_InvestmentOwnerTeamId",
                table: "Exhibitors");

            migrationBuilder.DropColumn(
                name: "InvestmentOwnerTeamId",
                table: "Exhibitors");
        }
    }
}
