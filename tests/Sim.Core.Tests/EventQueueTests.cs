using Sim.Core;

namespace Sim.Core.Tests;

public class EventQueueTests
{
    [Fact]
    public void ImmediateAndScheduledEventsAtTheSameTimeKeepInsertionOrder()
    {
        // At t=5: two timeouts created at t=0 (heap) and, created later during t=5, succeeded events
        // (the "now" ring) and a zero timeout. Order must be pure insertion order within priority 0,
        // with priority -1 first and priority 1 last.
        var sim = new Simulation();
        var order = new List<string>();
        void Log(Event e, string name) => e.AddCallback(_ => order.Add(name));
        var a = sim.Timeout(5);
        Log(a, "timeout-a");
        a.AddCallback(_ =>
        {
            var x = sim.Event();
            Log(x, "now-x");
            x.Succeed();
            var late = sim.Event();
            Log(late, "prio1");
            late.Succeed(null, 1);
            var z = sim.Timeout(0);
            Log(z, "zero-z");
            var urgent = sim.Event();
            Log(urgent, "prio-1");
            urgent.Succeed(null, -1);
        });
        var b = sim.Timeout(5);
        Log(b, "timeout-b");
        sim.Run();
        Assert.Equal(["timeout-a", "prio-1", "timeout-b", "now-x", "zero-z", "prio1"], order);
    }

    [Fact]
    public void OrderSurvivesTheSequenceNumberWrapAround()
    {
        // Only entries of a priority other than 0 take a sequence number (the heap); 3000 of them over
        // 3 times, interleaved with priority-0 entries at the same times; the sequence wraps in the middle.
        var sim = new Simulation();
        var queue = new EventQueue { NextSequence = uint.MaxValue - 1000 };
        var events = new Event[3000];
        var plain = new Event[3];
        for (var t = 0; t < 3; t++)
        {
            plain[t] = new Event(sim);
            queue.Push(t, 0, plain[t]);
        }
        for (var i = 0; i < 3000; i++)
        {
            events[i] = new Event(sim);
            queue.Push(i % 3, 1, events[i]);
        }
        var expected = new List<Event>();
        for (var t = 0; t < 3; t++)
        {
            expected.Add(plain[t]);
            for (var i = t; i < 3000; i += 3)
            {
                expected.Add(events[i]);
            }
        }
        var popped = new List<Event>();
        while (queue.Count > 0)
        {
            popped.Add(queue.Pop(out _));
        }
        Assert.Equal(expected, popped);
        // Renumbered once: the 1001st push found the sequence at its maximum and restarted after the 1000 pending.
        Assert.Equal(3000u, queue.NextSequence);
    }

    [Fact]
    public void RandomPushesAndPopsLeaveInTimePriorityInsertionOrder()
    {
        // Against an independent model: a list kept sorted by (time, priority, insertion index).
        // Pops interleave with pushes at the time just taken out, near it, and far ahead (several wheel levels).
        var sim = new Simulation();
        var queue = new EventQueue();
        var model = new List<(long Time, int Priority, long Index, Event Event)>();
        var rng = new SplitMix64(42);
        long now = 0;
        long index = 0;
        for (var step = 0; step < 60000; step++)
        {
            if (model.Count > 0 && rng.NextDouble() < 0.5)
            {
                var expected = model[0];
                model.RemoveAt(0);
                var ev = queue.Pop(out var time);
                Assert.Same(expected.Event, ev);
                Assert.Equal(expected.Time, time);
                now = time;
                Assert.Equal(model.Count, queue.Count);
            }
            else
            {
                // Same time, near (one wheel level), or far (up to 2^40 cycles ahead, several levels).
                var u = rng.NextDouble();
                var time = now + (u < 0.3 ? 0 : u < 0.8 ? (long)(rng.NextDouble() * 50) : (long)Math.Pow(2, 40 * rng.NextDouble()));
                var priority = (int)(rng.NextDouble() * 3) - 1;
                var ev = new Event(sim);
                queue.Push(time, priority, ev);
                var entry = (time, priority, index++, ev);
                var at = model.FindIndex(m => m.Time > time || (m.Time == time && m.Priority > priority));
                model.Insert(at < 0 ? model.Count : at, entry);
                Assert.Equal(model.Count, queue.Count);
                Assert.Equal(model[0].Time, queue.PeekTime);
            }
        }
    }

    [Fact]
    public void TimesAcrossEveryWheelLevelLeaveSortedAndEqualTimesInInsertionOrder()
    {
        // Times from 0 to 2^62 (all eight base-256 digits), many of them repeated, pushed in random order
        // after a first pop has moved `last` off zero; expected order from a stable sort by time.
        var sim = new Simulation();
        var queue = new EventQueue();
        var rng = new SplitMix64(7);
        var first = new Event(sim);
        queue.Push(3, 0, first);
        Assert.Same(first, queue.Pop(out var t0));
        Assert.Equal(3, t0);
        var pushed = new List<(long Time, Event Event)>();
        var distinct = new long[500];
        for (var i = 0; i < distinct.Length; i++)
        {
            distinct[i] = 3 + (long)Math.Pow(2, 62 * rng.NextDouble());
        }
        for (var i = 0; i < 20000; i++)
        {
            var time = distinct[(int)(rng.NextDouble() * distinct.Length)];
            var ev = new Event(sim);
            queue.Push(time, 0, ev);
            pushed.Add((time, ev));
        }
        var expected = pushed.OrderBy(p => p.Time).ToList(); // OrderBy is stable
        foreach (var (time, ev) in expected)
        {
            Assert.Equal(time, queue.PeekTime);
            Assert.Same(ev, queue.Pop(out var popped));
            Assert.Equal(time, popped);
        }
        Assert.Equal(0, queue.Count);
    }
}
