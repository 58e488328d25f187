// C++ with <cmath>: select a right-hand side and run Derivative: Differentiate Selection (Ctrl+Alt+D).
// The derivative is declared below it with the same type, written with std:: as the code is.
#include <cmath>
#include <numbers>

double gaussian(double x, double mu, double sigma) {
    const double g = std::exp(-(x - mu) * (x - mu) / (2.0 * sigma * sigma)) / (sigma * std::sqrt(2.0 * std::numbers::pi));
    return g;
}

double damped(double t) {
    double y = std::exp(-0.5 * t) * std::cos(3.0 * t);
    return y;
}

// Lennard-Jones: the force is minus the derivative by r
double potential(double r) {
    double v = 4.0 * (std::pow(1.0 / r, 12) - std::pow(1.0 / r, 6));
    return v;
}
