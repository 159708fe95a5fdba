using System.Text;
using Crm.Data.Csv;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>The signing events file: a signing recorded on its day is imported recorded, one-way; a day before the event is refused.</summary>
public class SigningEventImportTests : IAsyncLifetime
{
    private const string Header = "code,edition,name,name_zh,held_on,venue,recorded_on\n";

    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await _database.AddBasicsAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<ImportResult> Import(string csv) =>
        new CsvImporter(_database).ImportAsync("signing-events", new MemoryStream(Encoding.UTF8.GetBytes(csv)), "signing-events.csv", ImportMode.ValidRowsOnly);

    [Fact]
    public async Task A_recorded_signing_is_imported_recorded_exported_with_its_day_and_not_unrecorded_by_a_later_file_without_it()
    {
        await Import(Header + "S08-01,8,Signing,集中签约,2025-11-06,NECC,2025-11-06\nS08-02,8,Planned,计划签约,2025-11-07,NECC,\n");
        await Import("code,edition,name,name_zh,held_on,venue\nS08-01,8,Signing,集中签约,2025-11-06,NECC\n");

        await using var db = _database.CreateDbContext();
        var events = await db.SigningEvents.AsNoTracking().ToDictionaryAsync(e => e.Code);
        Assert.Equal(new DateTime(2025, 11, 6), events["S08-01"].RecordedAt);
        Assert.Null(events["S08-02"].RecordedAt);
        using var buffer = new MemoryStream();
        await new CsvExporter(_database).ExportAsync(CsvKinds.Find("signing-events")!, buffer);
        var exported = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.True(exported.Contains("S08-01,8,Signing,集中签约,2025-11-06,NECC,2025-11-06", StringComparison.Ordinal), exported);
    }

    [Fact]
    public async Task A_signing_recorded_before_the_day_it_is_held_is_refused_and_not_written()
    {
        var result = await Import(Header + "S08-03,8,Early,提前,2025-11-06,NECC,2025-11-01\n");

        Assert.Equal(0, result.Created);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.SigningEvents.AnyAsync(e => e.Code == "S08-03"));
    }
}
