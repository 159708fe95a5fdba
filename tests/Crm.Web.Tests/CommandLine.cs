using Crm.Web.Cli;

namespace Crm.Web.Tests;

/// <summary>The app's command line run in this process, as an operator runs it: its exit code and what it printed.</summary>
public static class CommandLine
{
    public static async Task<(int Code, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await CrmCommandLine.RunAsync(args, output, errors);
        return (code, output.ToString(), errors.ToString());
    }
}
