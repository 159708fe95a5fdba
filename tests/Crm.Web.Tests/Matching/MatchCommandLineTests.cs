using System.Text.Json;
using Crm.Web.Cli;

namespace Crm.Web.Tests.Matching;

/// <summary>
/// The engine's verbs (<c>match train | evaluate | score | read</c>) run as an operator runs them, over a SQLite file
/// holding the small seed: what they print, their exit codes, and their refusals in the operator's language.
/// </summary>
public sealed class MatchCommandLineTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-match-cli-");

    private string Db => Path.Combine(_folder.FullName, "crm.db");

    public async Task InitializeAsync()
    {
        var (code, _, errors) = await Run("db", "seed", "--size", "small");
        Assert.True(code == ExitCode.Done, errors);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private Task<(int Code, string Output, string Errors)> Run(params string[] args) => CommandLine.RunAsync([.. args, "--db", Db]);

    [Fact]
    public async Task Train_then_score_then_read_prints_each_steps_figures_as_json()
    {
        var (trainCode, trained, trainErrors) = await Run("match", "train", "--json");
        Assert.True(trainCode == ExitCode.Done, trainErrors);
        using var model = JsonDocument.Parse(trained);
        Assert.Equal("procurement-1", model.RootElement.GetProperty("version").GetString());
        Assert.True(model.RootElement.GetProperty("isActive").GetBoolean());
        var validation = model.RootElement.GetProperty("validation");
        Assert.True(validation.GetProperty("model").GetProperty("ndcg10").GetDouble() > validation.GetProperty("baseline").GetProperty("ndcg10").GetDouble());

        var (scoreCode, scored, scoreErrors) = await Run("match", "score", "--edition", "9", "--json");
        Assert.True(scoreCode == ExitCode.Done, scoreErrors);
        using var summary = JsonDocument.Parse(scored);
        var proposals = summary.RootElement.GetProperty("proposals").GetInt32();
        Assert.True(proposals > 0);
        Assert.Equal("procurement-1", summary.RootElement.GetProperty("modelVersion").GetString());

        var (readCode, read, readErrors) = await Run("match", "read", "--samples", "20", "--json");
        Assert.True(readCode == ExitCode.Done, readErrors);
        using var timing = JsonDocument.Parse(read);
        Assert.Equal(20, timing.RootElement.GetProperty("samples").GetInt32());
        Assert.InRange(timing.RootElement.GetProperty("proposalsPerRead").GetDouble(), 1, 10);
        Assert.True(timing.RootElement.GetProperty("medianMs").GetDouble() > 0);
    }

    [Fact]
    public async Task Evaluate_prints_the_model_the_baseline_and_random_side_by_side_on_the_held_out_edition()
    {
        var (code, output, errors) = await Run("match", "evaluate", "--train-editions", "1-7", "--test-edition", "8", "--json");

        Assert.True(code == ExitCode.Done, errors);
        using var report = JsonDocument.Parse(output);
        Assert.Equal(8, report.RootElement.GetProperty("testEdition").GetInt32());
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], report.RootElement.GetProperty("trainEditions").EnumerateArray().Select(e => e.GetInt32()));
        foreach (var method in new[] { "model", "baseline", "random" })
        {
            Assert.InRange(report.RootElement.GetProperty(method).GetProperty("ndcg10").GetDouble(), 0, 1);
        }
    }

    [Theory]
    [InlineData("en", new[] { "match", "score" }, ExitCode.Usage, "'match score' needs --edition N.")]
    [InlineData("zh-CN", new[] { "match", "evaluate", "--train-editions", "1-8", "--test-edition", "8" }, ExitCode.Usage, "测试届次 8 不能包含在训练届次中。")]
    [InlineData("en", new[] { "match", "score", "--edition", "9" }, ExitCode.NothingImported, "Refused: no model of this kind is active; train one first (match train).")]
    [InlineData("zh-CN", new[] { "match", "read" }, ExitCode.NothingImported, "已拒绝：尚未存有推荐，请先为届次评分（match score）。")]
    [InlineData("en", new[] { "match", "read", "--samples", "0" }, ExitCode.Usage, "'match read' needs --samples N.")]
    public async Task A_request_the_engine_cannot_serve_is_refused_with_a_message_and_an_exit_code(string language, string[] args, int exitCode, string message)
    {
        var (code, _, errors) = await Run([.. args, "--lang", language]);

        Assert.Equal(exitCode, code);
        Assert.Contains(message, errors);
    }
}
