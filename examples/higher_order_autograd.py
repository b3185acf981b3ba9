"""Higher-order autograd / Autograd de orden superior: a Hessian-vector product, Newton's method and a gradient
penalty, with minitorch_es (or PyTorch: the same lines).

    python examples/higher_order_autograd.py [--backend torch]

1. Hessian-vector product H v of a ridge-regression loss, three ways: differentiating the gradient again
   (create_graph=True), autograd.functional.hvp, and func.hessian (the whole H) times v.
   Producto Hessiana-vector H v de una pérdida de regresión ridge, de tres maneras.
2. Newton's method on Rosenbrock's function: x <- x - H(x)^-1 grad f(x), converging to (1, 1) in a few steps.
   Método de Newton sobre la función de Rosenbrock: converge a (1, 1) en pocos pasos.
3. The gradient penalty of WGAN-GP, (||dD/dx|| - 1)^2, differentiated with respect to the critic's weights.
   La penalización del gradiente de WGAN-GP, derivada respecto de los pesos del crítico.
"""

from choose_backend import library_from_command_line

torch = library_from_command_line()  # minitorch_es, or PyTorch with --backend torch
double = torch.float64


def show(name, tensor):
    print(name, " ".join(f"{value:.6f}" for value in tensor.detach().reshape(-1).tolist()))


# ---- 1. Hessian-vector product / producto Hessiana-vector ------------------------------------------------------
features = torch.tensor([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0]], dtype=double)
targets = torch.tensor([1.0, 0.0, -1.0, 2.0], dtype=double)


def ridge_loss(w):
    # J(w) = mean((X w - y)^2) + 0.1 sum(w^4): not quadratic, so H depends on w / H depende de w
    return ((features @ w - targets) ** 2).mean() + 0.1 * (w ** 4).sum()


w = torch.tensor([0.3, -0.2], dtype=double, requires_grad=True)
v = torch.tensor([1.0, 2.0], dtype=double)
(gradient,) = torch.autograd.grad(ridge_loss(w), w, create_graph=True)  # the gradient, itself recorded
(by_double_backward,) = torch.autograd.grad(gradient @ v, w)            # d(grad . v)/dw = H v
_, by_functional = torch.autograd.functional.hvp(ridge_loss, w.detach(), v)
by_hessian = torch.func.hessian(ridge_loss)(w.detach()) @ v
show("H v (create_graph):", by_double_backward)
show("H v (functional.hvp):", by_functional)
show("H v (func.hessian):", by_hessian)

# ---- 2. Newton's method / método de Newton ------------------------------------------------------------------


def rosenbrock(point):
    x, y = point[0], point[1]
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


point = torch.tensor([-1.2, 1.0], dtype=double)
for step in range(7):
    g = torch.func.grad(rosenbrock)(point)
    h = torch.autograd.functional.hessian(rosenbrock, point)
    # solve H d = g for the 2x2 Hessian / resolver H d = g (inversa de 2x2 por la regla de Cramer)
    det = h[0, 0] * h[1, 1] - h[0, 1] * h[1, 0]
    direction = torch.stack([h[1, 1] * g[0] - h[0, 1] * g[1], h[0, 0] * g[1] - h[1, 0] * g[0]]) / det
    point = point - direction
    print(f"Newton step {step + 1}: x = ({point[0].item():.6f}, {point[1].item():.6f}), "
          f"f = {rosenbrock(point).item():.6e}")

# ---- 3. Gradient penalty / penalización del gradiente (WGAN-GP) ----------------------------------------------
critic_in = torch.tensor([[0.2, -0.4, 0.1], [0.5, 0.3, -0.2], [-0.3, 0.8, 0.6], [0.1, 0.1, -0.7]], dtype=double)
critic_out = torch.tensor([[0.6, -0.5, 0.2, 0.1]], dtype=double)
critic_in.requires_grad_(True)
critic_out.requires_grad_(True)
real = torch.tensor([[1.0, 0.5, -0.5], [0.2, -1.0, 0.3]], dtype=double)
fake = torch.tensor([[-0.3, 0.8, 0.1], [0.9, 0.4, -0.6]], dtype=double)
alpha = torch.tensor([[0.25], [0.75]], dtype=double)
mixed = (alpha * real + (1 - alpha) * fake).requires_grad_(True)  # points between real and fake
scores = torch.tanh(mixed @ critic_in.T) @ critic_out.T
(slopes,) = torch.autograd.grad(scores.sum(), mixed, create_graph=True)   # dD/dx, recorded
penalty = ((slopes.norm(2, dim=1) - 1) ** 2).mean()
penalty.backward()                                                        # through the gradient itself
print(f"gradient penalty: {penalty.item():.6f}")
show("dpenalty/dW_out:", critic_out.grad)
show("dpenalty/dW_in[0]:", critic_in.grad[0])
