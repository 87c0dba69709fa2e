// Virtual functions: a base class with a pure virtual forward(), a virtual destructor,
// overrides in two derived layers, and calls dispatched through base-class pointers.
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

class Layer {
public:
    explicit Layer(std::string name) : name_(std::move(name)) {
        // Inside a constructor the object is still "just a Layer": this calls Layer::kind,
        // never the derived override, whose members do not exist yet.
        std::cout << "construct " << name_ << " (kind() in base constructor: " << kind() << ")\n";
    }
    // Virtual, so `delete base_ptr` runs the derived destructor first. Without it, deleting
    // a Scale through a Layer* is undefined behaviour (in practice ~Scale never runs).
    virtual ~Layer() { std::cout << "destroy Layer part of " << name_ << '\n'; }
    Layer(const Layer&) = delete;             // polymorphic base: no copies, so no slicing
    Layer& operator=(const Layer&) = delete;

    virtual double forward(double x) const = 0;         // pure virtual: Layer is abstract
    virtual std::string kind() const { return "Layer"; }  // virtual with a default
    std::string label() const { return "Layer::label"; } // NOT virtual: static type decides

    // A non-virtual function that calls a virtual one dispatches on the real type.
    std::string describe() const { return name_ + " is a " + kind(); }

protected:
    std::string name_;
};

class Scale : public Layer {
public:
    explicit Scale(double factor) : Layer("scale"), factor_(factor), weights_(new double[256]()) {}
    ~Scale() override { std::cout << "destroy Scale (frees its weights)\n"; }

    double forward(double x) const override { return factor_ * x; }
    std::string kind() const override { return "Scale"; }

private:
    double factor_;
    std::unique_ptr<double[]> weights_;  // would leak if ~Layer were not virtual
};

class ReLU final : public Layer {  // final: no class may derive from ReLU
public:
    ReLU() : Layer("relu") {}
    ~ReLU() override { std::cout << "destroy ReLU\n"; }

    double forward(double x) const override { return x > 0.0 ? x : 0.0; }
    std::string kind() const override { return "ReLU"; }
    std::string label() const { return "ReLU::label"; }  // hides Layer::label, overrides nothing
};

struct Plain {
    double weight;
};
struct WithVirtual {
    virtual ~WithVirtual() = default;
    double weight;
};

int main() {
    std::vector<std::unique_ptr<Layer>> model;
    model.push_back(std::make_unique<Scale>(2.0));
    model.push_back(std::make_unique<ReLU>());

    for (double input : {3.0, -1.5}) {
        double x = input;
        for (const auto& layer : model) {
            x = layer->forward(x);  // one call site, two implementations
        }
        std::cout << "model(" << input << ") = " << x << '\n';
    }
    for (const auto& layer : model) {
        std::cout << layer->describe() << '\n';
    }

    ReLU relu;
    Layer& as_base = relu;
    std::cout << "as_base.kind() = " << as_base.kind() << '\n';               // ReLU: dynamic
    std::cout << "as_base.label() = " << as_base.label() << '\n';             // Layer::label
    std::cout << "relu.label() = " << relu.label() << '\n';                   // ReLU::label
    std::cout << "as_base.Layer::kind() = " << as_base.Layer::kind() << '\n'; // qualified: no dispatch

    std::cout << "virtual adds one hidden pointer (the vptr): "
              << (sizeof(WithVirtual) - sizeof(Plain) == sizeof(void*) ? "yes" : "no") << '\n';

    std::cout << "deleting through Layer pointers:\n";
    for (auto& layer : model) {
        layer.reset();  // ~Scale then ~Layer; ~ReLU then ~Layer
    }
    std::cout << "end of main\n";
    return 0;  // `relu` is destroyed here: ~ReLU then ~Layer
}
