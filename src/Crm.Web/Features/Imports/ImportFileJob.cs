using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>Uploads of the imports page and API (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    public const string Section = "Imports";

    /// <summary><c>Imports:MaxFileBytes</c>: the largest file an administrator may upload (default 100 MB).</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;
}

/// <param name="UploadId">The uploaded file, an <see cref="ImportUpload"/>.</param>
/// <param name="Culture">The language of the user who started it: the reasons of the report are in it.</param>
public sealed record ImportParameters(string Kind, ImportMode Mode, string FileName, int UploadId, string Culture);

/// <summary>What an import job did: the importer's result, its reasons kept up to <see cref="ImportFileJob.MaxStoredErrors"/>.</summary>
public sealed record ImportSummary(string Kind, int Rows, int Created, int Updated, int Unchanged, int Rejected, bool Written,
    int ErrorCount, IReadOnlyList<ImportError> Errors);

/// <summary>
/// Imports an uploaded CSV or Excel file with the importer the command line uses (every row checked before anything is
/// written, one transaction), in the language of the administrator who started it, and deletes the upload afterwards (or
/// when the job is given up: the administrator uploads it again). Run again after a takeover, it reads the same upload.
/// </summary>
public sealed class ImportFileJob(SystemContextFactory contexts, IStringLocalizer<ImportsText> text) : IJob
{
    public const string Name = "import";

    /// <summary>The reasons kept with the job: a whole file of bad rows would otherwise make a very large row.</summary>
    public const int MaxStoredErrors = 20_000;

    public string Kind => Name;

    public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
    {
        var p = JsonSerializer.Deserialize<ImportParameters>(job.Parameters)!;
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(p.Culture);
        try
        {
            byte[] content;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                content = await db.ImportUploads.Where(u => u.Id == p.UploadId).Select(u => u.Content).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new InvalidOperationException(text["UploadGone"]);
            }
            using var file = new MemoryStream(content, writable: false);
            ImportResult result;
            if (Path.GetExtension(p.FileName).Equals(".xlsx", StringComparison.OrdinalIgnoreCase))
            {
                progress.Report((ImportProgress.Reading, 0));
                using var csv = ExcelSheet.ToCsv(file);
                result = await Import(csv);
            }
            else
            {
                result = await Import(file);
            }
            await DeleteUploadAsync(p.UploadId);
            return new ImportSummary(result.Kind, result.Rows, result.Created, result.Updated, result.Unchanged, result.Rejected, result.Written,
                result.Errors.Count, result.Errors.Take(MaxStoredErrors).ToList());
        }
        catch (InvalidDataException)
        {
            await DeleteUploadAsync(p.UploadId);
            var error = new ImportError(0, "", Crm.Data.Csv.ImportText.Get("NotAWorkbook"));
            return new ImportSummary(p.Kind, 0, 0, 0, 0, 0, false, 1, [error]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }

        Task<ImportResult> Import(Stream csv) =>
            new CsvImporter(contexts).ImportAsync(p.Kind, csv, p.FileName, p.Mode,
                new ImportToJobProgress(progress), cancellationToken);
    }

    /// <summary>The job ended without success or will not run (failed, cancelled, given up): nothing of it was written, and its upload is deleted as at the end of a run.</summary>
    public Task AbandonAsync(BackgroundJob job) => DeleteUploadAsync(JsonSerializer.Deserialize<ImportParameters>(job.Parameters)!.UploadId);

    /// <summary>
    /// After the import's own transaction: should the process stop in between, a second run (after a takeover) imports the
    /// same rows again and finds them unchanged.
    /// </summary>
    private async Task DeleteUploadAsync(int uploadId)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await db.ImportUploads.Where(u => u.Id == uploadId).ExecuteDeleteAsync(CancellationToken.None);
    }

    /// <summary>
    /// Passes the importer's progress on at once, on the importer's thread (not posted later, as Progress would), except
    /// what it reports inside its transaction: the job's row cannot be written while the import holds SQLite's write lock
    /// (the write would wait for the import, and the import for it). The page shows the writing stage until it is committed.
    /// </summary>
    private sealed class ImportToJobProgress(IProgress<(string Stage, double Fraction)> job) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value)
        {
            if (!value.InTransaction)
            {
                job.Report((value.Stage, value.Fraction));
            }
        }
    }
}
