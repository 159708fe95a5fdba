using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Crm.Bench;

/// <summary>What the benches that run the real app share: a free loopback port, and waiting for the app's /health.</summary>
internal static class BenchApp
{
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitUntilHealthyAsync(Process app, Uri address, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (app.HasExited)
            {
                throw new InvalidOperationException($"The app stopped with exit code {app.ExitCode} before answering /health");
            }
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not report healthy within {timeout.TotalSeconds} s");
    }
}
