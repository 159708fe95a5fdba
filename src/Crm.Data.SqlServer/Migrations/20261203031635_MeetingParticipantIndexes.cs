using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class MeetingParticipantIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Meetings_BuyerId_StartsAt",
                table: "Meetings",
                columns: new[] { "BuyerId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_ExhibitorId_StartsAt",
                table: "Meetings",
                columns: new[] { "ExhibitorId", "StartsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Meetings_InterpreterId",
                table: "Meetings",
                column: "InterpreterId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Meetings_BuyerId_StartsAt",
                table: "Meetings");

            migrationBuilder.DropIndex(
                name: "IX_Meetings_ExhibitorId_StartsAt",
                table: "Meetings");

            migrationBuilder.DropIndex(
                name: "IX_Meetings_InterpreterId",
                table: "Meetings");
        }
    }
}
