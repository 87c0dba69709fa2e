// Two threads print 1..100 alternately: thread A the odd numbers, thread B the even ones.
// One mutex guards the counter; one condition variable says "the counter changed".
#include <condition_variable>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>

class TurnPrinter {
public:
    explicit TurnPrinter(int limit) : limit_(limit) {}

    // Runs in its own thread; `parity` is 1 for the odd numbers, 0 for the even ones.
    void run(const std::string& name, int parity) {
        for (;;) {
            std::unique_lock<std::mutex> lock(mutex_);
            // wait() releases the lock while asleep and re-checks the predicate on every
            // wake-up, so spurious wake-ups and wake-ups meant for the other thread are harmless.
            turn_changed_.wait(lock, [&] { return next_ > limit_ || next_ % 2 == parity; });
            if (next_ > limit_) {
                return;
            }
            std::cout << name << ' ' << next_ << '\n';  // printed under the lock: order is fixed
            ++next_;
            lock.unlock();               // let the woken thread take the mutex at once
            turn_changed_.notify_one();  // only one other thread, so one is enough
        }
    }

private:
    const int limit_;
    int next_ = 1;  // guarded by mutex_
    std::mutex mutex_;
    std::condition_variable turn_changed_;
};

int main() {
    TurnPrinter printer(100);
    std::thread a([&printer] { printer.run("A", 1); });
    std::thread b([&printer] { printer.run("B", 0); });
    a.join();
    b.join();
    return 0;
}
