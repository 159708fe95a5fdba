using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Crm.Data.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class ForecastIfIdle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "ProbabilityIfIdle",
                table: "DealForecasts",
                type: "float",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProbabilityIfIdle",
                table: "DealForecasts");
        }
    }
}
