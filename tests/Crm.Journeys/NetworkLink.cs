using System.Net;
using System.Net.Sockets;

namespace Crm.Journeys;

/// <summary>
/// The network between a browser and the app, which a journey can cut and restore: a TCP relay on its own 127.0.0.1
/// port in front of the app. Cut, every open connection is reset (both ends see it drop, as when a link goes down and
/// the sockets' next packets are refused) and new ones are reset as they arrive; restored, it relays again.
/// </summary>
/// <remarks>
/// Chromium's offline emulation (Playwright's <c>SetOfflineAsync</c>) fails new requests but leaves an open WebSocket,
/// the circuit's, untouched (microsoft/playwright#4910; checked here with Chromium 156): without the relay a journey
/// cannot drop a circuit's connection the way a network does.
/// </remarks>
internal sealed class NetworkLink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly List<(Socket Browser, Socket App)> _open = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private volatile bool _cut;

    public NetworkLink(Uri app)
    {
        _targetPort = app.Port;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>The app's address through this link.</summary>
    public Uri Address { get; }

    /// <summary>The link goes down: every open connection is reset, and so is every new one until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var (browser, app) in _open)
            {
                Reset(browser);
                Reset(app);
            }
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket browser;
            try
            {
                browser = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = RelayAsync(browser);
        }
    }

    private async Task RelayAsync(Socket browser)
    {
        if (_cut)
        {
            Reset(browser);
            return;
        }
        var app = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        browser.NoDelay = true;
        try
        {
            await app.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            Reset(browser);
            app.Dispose();
            return;
        }
        lock (_open)
        {
            _open.Add((browser, app));
        }
        // Whichever way ends first (closed or reset), the pair goes: the other side is told by a reset.
        await Task.WhenAny(PumpAsync(browser, app), PumpAsync(app, browser));
        lock (_open)
        {
            _open.Remove((browser, app));
        }
        Reset(browser);
        Reset(app);
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // the connection was reset, closed or cut
        }
    }

    /// <summary>Closes a socket with a reset (RST), not a graceful end: the peer sees the connection drop.</summary>
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // already closed
        }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Cut();
        _stop.Dispose();
    }
}
