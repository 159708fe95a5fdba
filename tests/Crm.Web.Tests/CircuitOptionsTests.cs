using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Web.Tests;

/// <summary>The circuits' limits stated in docs/reliability-circuits.md: the framework's, unless the Circuits section sets them.</summary>
public sealed class CircuitOptionsTests
{
    [Fact]
    public async Task Disconnected_circuits_are_kept_three_minutes_at_most_a_hundred_unless_configured()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var defaults = app.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal(100, defaults.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(3), defaults.DisconnectedCircuitRetentionPeriod);

        await using var configured = app.WithWebHostBuilder(b => b
            .UseSetting("Circuits:DisconnectedCircuitMaxRetained", "400")
            .UseSetting("Circuits:DisconnectedCircuitRetentionPeriod", "00:10:00"));
        var set = configured.Services.GetRequiredService<IOptions<CircuitOptions>>().Value;
        Assert.Equal(400, set.DisconnectedCircuitMaxRetained);
        Assert.Equal(TimeSpan.FromMinutes(10), set.DisconnectedCircuitRetentionPeriod);
    }
}
