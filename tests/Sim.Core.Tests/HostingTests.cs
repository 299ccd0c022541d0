using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Sim.Core;

namespace Sim.Core.Tests;

public class HostingTests
{
    [Fact]
    public void AddSimulationGivesOneSimulationPerScopeWithTheOptions()
    {
        var services = new ServiceCollection();
        services.AddSimulation(o => o with { Seed = 99, ThrowOnDeadlock = true });
        using var provider = services.BuildServiceProvider();
        using var scope1 = provider.CreateScope();
        using var scope2 = provider.CreateScope();
        var a = scope1.ServiceProvider.GetRequiredService<Simulation>();
        Assert.Same(a, scope1.ServiceProvider.GetRequiredService<Simulation>());
        Assert.NotSame(a, scope2.ServiceProvider.GetRequiredService<Simulation>());
        Assert.Equal(99UL, a.Seed);
        Assert.True(a.ThrowOnDeadlock);
    }

    [Fact]
    public void VerboseLoggerSeesEveryProcessedEvent()
    {
        var sink = new ListSink();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        var services = new ServiceCollection();
        services.AddSingleton<ILogger>(logger);
        services.AddSimulation();
        using var provider = services.BuildServiceProvider();
        var sim = provider.CreateScope().ServiceProvider.GetRequiredService<Simulation>();
        sim.Timeout(3);
        sim.Timeout(5);
        sim.Run();
        Assert.Equal(2, sink.Events.Count);
        Assert.Equal(5L, ((ScalarValue)sink.Events[1].Properties["Now"]).Value);
    }

    [Fact]
    public void LoggerBelowVerboseIsNotCalledPerEvent()
    {
        var sink = new ListSink();
        var sim = new Simulation { Logger = new LoggerConfiguration().MinimumLevel.Information().WriteTo.Sink(sink).CreateLogger() };
        sim.Timeout(3);
        sim.Run();
        Assert.Empty(sink.Events);
    }

    private sealed class ListSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }
}
