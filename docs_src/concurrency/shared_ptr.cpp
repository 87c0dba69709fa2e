// A minimal shared_ptr: one heap control block per managed object holds an atomic count
// of owners; the last owner to let go deletes the object and the block.
// Not covered (std::shared_ptr has them): weak_ptr, custom deleters, aliasing,
// converting Derived -> Base, arrays, make_shared's single allocation.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <iostream>
#include <thread>
#include <utility>
#include <vector>

template <typename T>
class SharedPtr {
public:
    constexpr SharedPtr() noexcept = default;
    constexpr SharedPtr(std::nullptr_t) noexcept {}

    // Takes ownership of p. If allocating the control block throws, p is deleted so it
    // does not leak (std::shared_ptr promises the same).
    explicit SharedPtr(T* p) : ptr_(p) {
        if (p == nullptr) {
            return;
        }
        try {
            ctrl_ = new ControlBlock{};
        } catch (...) {
            delete p;
            throw;
        }
    }

    SharedPtr(const SharedPtr& other) noexcept : ptr_(other.ptr_), ctrl_(other.ctrl_) {
        if (ctrl_ != nullptr) {
            // Relaxed is enough: the caller already holds a reference, so the object
            // cannot be destroyed concurrently with this increment.
            ctrl_->owners.fetch_add(1, std::memory_order_relaxed);
        }
    }

    SharedPtr(SharedPtr&& other) noexcept
        : ptr_(std::exchange(other.ptr_, nullptr)), ctrl_(std::exchange(other.ctrl_, nullptr)) {}

    // Copy-and-swap: correct for self-assignment, and the old object is released only
    // after the new reference is taken.
    SharedPtr& operator=(const SharedPtr& other) noexcept {
        SharedPtr(other).swap(*this);
        return *this;
    }

    SharedPtr& operator=(SharedPtr&& other) noexcept {
        SharedPtr(std::move(other)).swap(*this);
        return *this;
    }

    ~SharedPtr() { release(); }

    void reset() noexcept { SharedPtr().swap(*this); }
    void reset(T* p) { SharedPtr(p).swap(*this); }

    void swap(SharedPtr& other) noexcept {
        std::swap(ptr_, other.ptr_);
        std::swap(ctrl_, other.ctrl_);
    }

    T* get() const noexcept { return ptr_; }
    T& operator*() const noexcept { return *ptr_; }
    T* operator->() const noexcept { return ptr_; }
    explicit operator bool() const noexcept { return ptr_ != nullptr; }

    // A snapshot: other threads may change it right after it is read.
    long use_count() const noexcept {
        return ctrl_ == nullptr ? 0 : ctrl_->owners.load(std::memory_order_relaxed);
    }

private:
    struct ControlBlock {
        std::atomic<long> owners{1};
    };

    void release() noexcept {
        // acq_rel: the release half publishes this owner's writes to the object; the
        // acquire half, taken by the last owner, sees every other owner's writes before
        // it runs the destructor.
        if (ctrl_ != nullptr && ctrl_->owners.fetch_sub(1, std::memory_order_acq_rel) == 1) {
            delete ptr_;
            delete ctrl_;
        }
        ptr_ = nullptr;
        ctrl_ = nullptr;
    }

    T* ptr_ = nullptr;
    ControlBlock* ctrl_ = nullptr;
};

// ---- a small test harness: a type that counts its live instances ----

struct Tracked {
    static std::atomic<int> live;
    int id;
    explicit Tracked(int i) : id(i) { ++live; }
    ~Tracked() {
        --live;
        std::cout << "  destroyed Tracked " << id << '\n';
    }
    Tracked(const Tracked&) = delete;
    Tracked& operator=(const Tracked&) = delete;
};
std::atomic<int> Tracked::live{0};

static void show(const char* label, const SharedPtr<Tracked>& p) {
    std::cout << label << ": use_count=" << p.use_count() << " holds="
              << (p ? p->id : 0) << " live=" << Tracked::live << '\n';
}

int main() {
    {
        SharedPtr<Tracked> empty;
        show("default", empty);

        SharedPtr<Tracked> a(new Tracked(1));
        show("a = new 1", a);

        SharedPtr<Tracked> b(a);
        show("b(a)", b);

        SharedPtr<Tracked> c;
        c = b;
        show("c = b", c);

        SharedPtr<Tracked>& alias = c;
        c = alias;  // self-assignment must not change the count
        show("c = c", c);

        SharedPtr<Tracked> d(std::move(c));
        show("d(move(c))", d);
        show("  c after move", c);

        SharedPtr<Tracked> e;
        e = std::move(d);
        show("e = move(d)", e);
        show("  d after move", d);

        b.reset();
        show("b.reset()", a);

        SharedPtr<Tracked> f(new Tracked(2));
        f = a;  // f's old object had one owner: it is destroyed here
        show("f = a", f);

        e.reset(new Tracked(3));
        show("e.reset(new 3)", e);
        show("  a", a);
        std::cout << "leaving scope\n";
    }
    std::cout << "after scope: live=" << Tracked::live << '\n';

    {
        // Many threads copy and drop the same pointer; the count must come back to 1.
        SharedPtr<Tracked> shared(new Tracked(4));
        std::vector<std::thread> workers;
        for (int t = 0; t < 8; ++t) {
            workers.emplace_back([shared] {  // captured by copy: one more owner per thread
                for (int i = 0; i < 20000; ++i) {
                    SharedPtr<Tracked> copy = shared;
                    SharedPtr<Tracked> moved = std::move(copy);
                }
            });
        }
        for (auto& w : workers) {
            w.join();
        }
        show("after 8 threads x 20000 copies", shared);
    }
    std::cout << "after threads: live=" << Tracked::live << '\n';

    {
        // The last owner can be another thread: it must be the one that deletes.
        SharedPtr<Tracked> p(new Tracked(5));
        std::thread last([q = p]() mutable {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            q.reset();
        });
        p.reset();
        last.join();
    }
    std::cout << "at exit: live=" << Tracked::live << '\n';
    return Tracked::live == 0 ? 0 : 1;
}
