// Drives DRAMsim3 (libdramsim3) with a trace written by `satsim dram-streams` and prints one CSV line of the figures
// SatSim's DRAM model is compared with (bandwidth over the span, read latency mean and p99). SatSim's own code; it
// only calls DRAMsim3's public MemorySystem API. Build: see README.md.
//
// Requests enter DRAMsim3 in trace order: a request is offered from its arrival cycle on and waits (with all later
// ones) while DRAMsim3's transaction queue refuses it. A read completes at DRAMsim3's read callback, a write at its
// write callback (DRAMsim3 acknowledges a write when it is queued). Latency = completion - arrival, in memory clocks.
#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "memory_system.h"

struct Request {
    uint64_t addr;
    bool write;
    uint64_t arrival;
    uint64_t done;
};

int main(int argc, char **argv) {
    if (argc != 5) {
        std::fprintf(stderr, "usage: drive CONFIG.ini TRACE NAME OUTDIR\n");
        return 2;
    }
    std::vector<Request> reqs;
    FILE *f = std::fopen(argv[2], "r");
    if (!f) { std::fprintf(stderr, "%s: cannot open\n", argv[2]); return 1; }
    char op[16];
    uint64_t addr, cycle;
    while (std::fscanf(f, "%" SCNx64 " %15s %" SCNu64, &addr, op, &cycle) == 3) {
        reqs.push_back({addr, std::strcmp(op, "WRITE") == 0, cycle, 0});
    }
    std::fclose(f);
    if (reqs.empty()) { std::fprintf(stderr, "%s: no requests\n", argv[2]); return 1; }

    uint64_t clk = 0;
    std::unordered_map<uint64_t, std::deque<size_t>> outstanding[2];
    size_t completed = 0;
    auto complete = [&](int w) {
        return [&, w](uint64_t a) {
            auto &q = outstanding[w][a];
            reqs[q.front()].done = clk;
            q.pop_front();
            if (q.empty()) outstanding[w].erase(a);
            completed++;
        };
    };
    dramsim3::MemorySystem mem(argv[1], argv[4], complete(0), complete(1));
    size_t next = 0;
    while (completed < reqs.size()) {
        while (next < reqs.size() && reqs[next].arrival <= clk &&
               mem.WillAcceptTransaction(reqs[next].addr, reqs[next].write)) {
            outstanding[reqs[next].write ? 1 : 0][reqs[next].addr].push_back(next);
            mem.AddTransaction(reqs[next].addr, reqs[next].write);
            next++;
        }
        mem.ClockTick();
        clk++;
        if (clk > 1000000000ULL) { std::fprintf(stderr, "no progress\n"); return 1; }
    }
    uint64_t first = reqs[0].arrival, last = 0, bytes = 0;
    std::vector<uint64_t> lat;
    int writes = 0;
    for (auto &r : reqs) {
        first = std::min(first, r.arrival);
        last = std::max(last, r.done);
        bytes += 64;
        if (r.write) writes++; else lat.push_back(r.done - r.arrival);
    }
    double tck = mem.GetTCK();
    uint64_t span = last - first;
    std::printf("%s,%zu,%zu,%d,%" PRIu64 ",%" PRIu64 ",%.4f,", argv[3], reqs.size(), reqs.size() - writes, writes, bytes, span,
                bytes / (span * tck));
    if (!lat.empty()) {
        std::sort(lat.begin(), lat.end());
        double sum = 0;
        for (auto l : lat) sum += l;
        size_t rank = (size_t)std::ceil(0.99 * lat.size()) - 1;
        std::printf("%.2f,%" PRIu64 "\n", sum / lat.size(), lat[rank]);
    } else {
        std::printf(",\n");
    }
    return 0;
}
