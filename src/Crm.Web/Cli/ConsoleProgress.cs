using Crm.Data.Csv;
using Crm.Matching;

namespace Crm.Web.Cli;

/// <summary>
/// Progress of a long verb (an import, training, scoring) on standard error, in the user's language: a line when the stage
/// changes or passes another 10 %, e.g. "  writing 70%".
/// </summary>
internal sealed class ConsoleProgress(TextWriter errors) : IProgress<EngineProgress>, IProgress<ImportProgress>
{
    private readonly Lock _gate = new();
    private string? _stage;
    private int _tenth = -1;

    public void Report(EngineProgress value) => Report(value.Stage, value.Fraction);

    public void Report(ImportProgress value) => Report(value.Stage, value.Fraction);

    private void Report(string stage, double fraction)
    {
        lock (_gate)
        {
            var tenth = (int)(fraction * 10);
            if (stage == _stage && tenth == _tenth)
            {
                return;
            }
            (_stage, _tenth) = (stage, tenth);
            errors.WriteLine(CliText.Get("Progress", CliText.Get("Stage_" + stage), fraction));
            errors.Flush();
        }
    }
}
