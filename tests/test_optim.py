"""Optimizers against PyTorch: parameter trajectories over 50 steps for every option, both kernel sets."""

import copy

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st
from parity import using_kernels

import minitorch_es as mt
from minitorch_es import optim
from minitorch_es.kernels import optimizers as kernels

STEPS = 50
TOLERANCES = {np.float64: {"SGD": (1e-9, 1e-10), "Adam": (1e-9, 1e-10), "AdamW": (1e-9, 1e-10),
                           "RMSprop": (1e-9, 1e-10), "Adagrad": (1e-9, 1e-10)},
              np.float32: {"SGD": (2e-6, 1e-6), "Adam": (2e-6, 1e-5), "AdamW": (2e-6, 1e-5),
                           "RMSprop": (2e-6, 1e-5), "Adagrad": (2e-6, 1e-5)}}
# float32: TESTING.md's absolute tolerances, plus a relative 2e-6 (about 16 float32 ulps) for parameters that
# maximize=True drives to magnitudes of several units.

KERNELS = st.sampled_from(["numba", "numpy"])


def _problem(seed: int):
    rng = np.random.default_rng(seed)
    parameters = [rng.uniform(-1, 1, (3, 4)), rng.uniform(-1, 1, (4,))]
    return parameters, rng.uniform(-1, 1, (5, 3)), rng.uniform(-1, 1, (5, 4))


def _loss(lib, params, x, y):
    weight, bias = params
    prediction = lib.tanh(x @ weight + bias)
    return ((prediction - y) ** 2).sum() + 0.1 * (weight * weight).sum().sqrt()


def run_trajectory(lib, optimizer_class, options, dtype, seed=0, steps=STEPS, restart_at=None):
    """Parameters after ``steps`` optimizer steps; with ``restart_at``, the optimizer is rebuilt from its
    state_dict at that step (a save/restore in the middle of the run)."""
    initial, x_values, y_values = _problem(seed)
    torch_dtype = torch.float64 if dtype == np.float64 else torch.float32
    params = [lib.tensor(p.astype(dtype), requires_grad=True) for p in initial]
    x, y = lib.tensor(x_values.astype(dtype)), lib.tensor(y_values.astype(dtype))
    if lib is torch:
        params = [p.to(torch_dtype) for p in params]
    optimizer = getattr(lib.optim, optimizer_class)(params, **options)
    for step in range(steps):
        if step == restart_at:
            saved = copy.deepcopy(optimizer.state_dict())
            optimizer = getattr(lib.optim, optimizer_class)(params, **options)
            optimizer.load_state_dict(saved)
        optimizer.zero_grad()
        _loss(lib, params, x, y).backward()
        optimizer.step()
    return [p.detach().numpy() for p in params]


def assert_same_trajectory(optimizer_class, options, dtype, kernels_name, restart_at=None):
    """Float32 runs use a moderate effective rate (lr / (1 - momentum) <= 0.1), as TESTING.md's tolerances assume:
    larger steps amplify the float32 rounding of the gradients themselves, not of the update."""
    if dtype == np.float32 and options["lr"] / (1 - options.get("momentum", 0.0)) > 0.1:
        options = dict(options, lr=0.1 * (1 - options.get("momentum", 0.0)))
    torch_options = {k: v for k, v in options.items() if k != "momentum_form"}
    with using_kernels(kernels_name):
        ours = run_trajectory(mt, optimizer_class, options, dtype, restart_at=restart_at)
    theirs = run_trajectory(torch, optimizer_class, torch_options, dtype, restart_at=restart_at)
    rtol, atol = TOLERANCES[dtype][optimizer_class]
    for a, b in zip(ours, theirs):
        assert a.dtype == b.dtype
        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)
    assert not np.allclose(ours[0], _problem(0)[0][0].astype(dtype)), "the parameters did not move"


SGD_OPTIONS = st.fixed_dictionaries({
    "lr": st.sampled_from([0.001, 0.01, 0.05]),
    "momentum": st.sampled_from([0.0, 0.5, 0.9]),
    "dampening": st.sampled_from([0.0, 0.3]),
    "weight_decay": st.sampled_from([0.0, 1e-2]),
    "nesterov": st.booleans(),
    "maximize": st.booleans(),
}).filter(lambda o: not o["nesterov"] or (o["momentum"] > 0 and o["dampening"] == 0))


@given(options=SGD_OPTIONS, dtype=st.sampled_from([np.float64, np.float32]), kernels_name=KERNELS)
def test_sgd_trajectory(options, dtype, kernels_name):
    if options["maximize"]:
        options = dict(options, lr=min(options["lr"], 0.01))
    assert_same_trajectory("SGD", options, dtype, kernels_name)


ADAM_OPTIONS = st.fixed_dictionaries({
    "lr": st.sampled_from([1e-3, 1e-2, 5e-2]),
    "betas": st.sampled_from([(0.9, 0.999), (0.8, 0.99), (0.5, 0.9)]),
    "eps": st.sampled_from([1e-8, 1e-3]),
    "weight_decay": st.sampled_from([0.0, 1e-2, 0.1]),
    "amsgrad": st.booleans(),
    "maximize": st.booleans(),
})


@pytest.mark.parametrize("name", ["Adam", "AdamW"])
@given(options=ADAM_OPTIONS, dtype=st.sampled_from([np.float64, np.float32]), kernels_name=KERNELS)
def test_adam_and_adamw_trajectories(name, options, dtype, kernels_name):
    if options["maximize"]:
        options = dict(options, lr=min(options["lr"], 1e-2))
    assert_same_trajectory(name, options, dtype, kernels_name)


@given(options=ADAM_OPTIONS, dtype=st.sampled_from([np.float64, np.float32]), kernels_name=KERNELS)
def test_adam_with_decoupled_weight_decay_is_adamw(options, dtype, kernels_name):
    options = dict(options, lr=min(options["lr"], 1e-2), decoupled_weight_decay=True, foreach=None, fused=None)
    assert_same_trajectory("Adam", options, dtype, kernels_name)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"])
def test_param_groups_hold_the_same_options_as_pytorchs(name):
    ours = getattr(mt.optim, name)([mt.nn.Parameter(mt.ones(1))], lr=0.1)
    theirs = getattr(torch.optim, name)([torch.nn.Parameter(torch.ones(1))], lr=0.1)
    extra = {"momentum_form"} if name == "SGD" else set()
    assert set(ours.param_groups[0]) - extra == set(theirs.param_groups[0])
    assert {k: v for k, v in ours.param_groups[0].items() if k not in extra | {"params"}} == {
        k: v for k, v in theirs.param_groups[0].items() if k != "params"}
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        getattr(mt.optim, name)([mt.nn.Parameter(mt.ones(1))], differentiable=True)


ADAGRAD_OPTIONS = st.fixed_dictionaries({
    "lr": st.sampled_from([1e-2, 5e-2]),
    "lr_decay": st.sampled_from([0.0, 0.1]),
    "weight_decay": st.sampled_from([0.0, 1e-2]),
    "initial_accumulator_value": st.sampled_from([0.0, 0.5]),
    "eps": st.sampled_from([1e-10, 1e-3]),
    "maximize": st.booleans(),
})


@given(options=ADAGRAD_OPTIONS, dtype=st.sampled_from([np.float64, np.float32]), kernels_name=KERNELS,
       restart=st.sampled_from([None, 7]))
def test_adagrad_trajectory(options, dtype, kernels_name, restart):
    if options["maximize"]:
        options = dict(options, lr=1e-2)
    assert_same_trajectory("Adagrad", options, dtype, kernels_name, restart_at=restart)


RMSPROP_OPTIONS = st.fixed_dictionaries({
    "lr": st.sampled_from([1e-3, 1e-2]),
    "alpha": st.sampled_from([0.99, 0.9]),
    "eps": st.sampled_from([1e-8, 1e-4]),
    "weight_decay": st.sampled_from([0.0, 1e-2]),
    "momentum": st.sampled_from([0.0, 0.5]),
    "centered": st.booleans(),
    "maximize": st.booleans(),
})


@given(options=RMSPROP_OPTIONS, dtype=st.sampled_from([np.float64, np.float32]), kernels_name=KERNELS)
def test_rmsprop_trajectory(options, dtype, kernels_name):
    if options["maximize"]:
        options = dict(options, lr=1e-3)
    assert_same_trajectory("RMSprop", options, dtype, kernels_name)


@pytest.mark.parametrize("name,options", [
    ("SGD", {"lr": 0.01, "momentum": 0.9}), ("Adam", {"lr": 0.01, "amsgrad": True}), ("AdamW", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
])
@pytest.mark.parametrize("kernels_name", ["numba", "numpy"])
def test_state_dict_save_and_restore_mid_run(name, options, kernels_name):
    with using_kernels(kernels_name):
        uninterrupted = run_trajectory(mt, name, options, np.float64)
        restored = run_trajectory(mt, name, options, np.float64, restart_at=20)
    for a, b in zip(uninterrupted, restored):
        np.testing.assert_array_equal(a, b)
    assert_same_trajectory(name, options, np.float64, kernels_name, restart_at=20)


def test_torch_optimizer_state_loads_into_ours():
    theirs_params = [torch.tensor(p, requires_grad=True) for p in _problem(0)[0]]
    torch_optimizer = torch.optim.Adam(theirs_params, lr=0.01)
    _, x, y = _problem(0)
    for _ in range(3):
        torch_optimizer.zero_grad()
        _loss(torch, theirs_params, torch.tensor(x), torch.tensor(y)).backward()
        torch_optimizer.step()
    our_params = [mt.tensor(p.detach().numpy().copy(), requires_grad=True) for p in theirs_params]
    our_optimizer = optim.Adam(our_params, lr=0.01)
    our_optimizer.load_state_dict(torch_optimizer.state_dict())
    for _ in range(5):
        torch_optimizer.zero_grad()
        _loss(torch, theirs_params, torch.tensor(x), torch.tensor(y)).backward()
        torch_optimizer.step()
        our_optimizer.zero_grad()
        _loss(mt, our_params, mt.tensor(x), mt.tensor(y)).backward()
        our_optimizer.step()
    for a, b in zip(our_params, theirs_params):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-9, atol=1e-10)


# ---- the guide's classical momentum against its own oracle ------------------------------------------------


def classical_momentum_oracle(initial, gradient_of, learning_rates, momentum):
    """v = mu v + lr g; theta = theta - v (guide 001), with the learning rate of each step."""
    theta, velocity = initial.copy(), np.zeros_like(initial)
    for lr in learning_rates:
        velocity = momentum * velocity + lr * gradient_of(theta)
        theta = theta - velocity
    return theta


@pytest.mark.parametrize("kernels_name", ["numba", "numpy"])
@given(momentum=st.sampled_from([0.5, 0.9]), decay_every=st.sampled_from([3, 7]))
def test_classical_momentum_follows_the_guide_equation(kernels_name, momentum, decay_every):
    start = np.array([1.5, -2.0, 0.5])
    scales = np.array([1.0, 3.0, 0.5])
    param = mt.tensor(start.copy(), requires_grad=True)
    optimizer = optim.SGD([param], lr=0.05, momentum=momentum, momentum_form="classical")
    scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=decay_every, gamma=0.5)
    learning_rates = []
    with using_kernels(kernels_name):
        for _ in range(20):
            learning_rates.append(optimizer.param_groups[0]["lr"])
            optimizer.zero_grad()
            (mt.tensor(scales) * param * param).sum().backward()
            optimizer.step()
            scheduler.step()
    expected = classical_momentum_oracle(start, lambda theta: 2 * scales * theta, learning_rates, momentum)
    np.testing.assert_allclose(param.detach().numpy(), expected, rtol=1e-12, atol=1e-14)


def test_classical_and_pytorch_momentum_agree_while_the_rate_is_constant_and_differ_when_it_changes():
    def trajectory(form, gamma):
        param = mt.tensor([1.0, -2.0], dtype=mt.float64, requires_grad=True)
        optimizer = optim.SGD([param], lr=0.1, momentum=0.9, momentum_form=form)
        scheduler = optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=gamma)
        for _ in range(12):
            optimizer.zero_grad()
            (param * param).sum().backward()
            optimizer.step()
            scheduler.step()
        return param.detach().numpy()

    np.testing.assert_allclose(trajectory("classical", 1.0), trajectory("pytorch", 1.0), rtol=1e-12)
    assert not np.allclose(trajectory("classical", 0.1), trajectory("pytorch", 0.1))


# ---- the two kernel sets give the same numbers --------------------------------------------------------------


@given(seed=st.integers(0, 2**31), dtype=st.sampled_from([np.float64, np.float32]), amsgrad=st.booleans(),
       decoupled=st.booleans(), weight_decay=st.sampled_from([0.0, 0.01]))
def test_numba_adam_equals_numpy_adam(seed, dtype, amsgrad, decoupled, weight_decay):
    rng = np.random.default_rng(seed)
    arrays = [rng.standard_normal(257).astype(dtype) for _ in range(2)]
    initial_state = [np.abs(rng.standard_normal(257)).astype(dtype) for _ in range(3)]
    states = [[a.copy() for a in initial_state] for _ in range(2)]
    params = [arrays[0].copy(), arrays[0].copy()]
    for step in range(1, 6):
        for param, state, update in zip(params, states, (kernels.adam_numpy, kernels.adam_numba)):
            update(param, arrays[1], state[0], state[1], state[2] if amsgrad else None, step, 1e-2, 0.9, 0.999,
                   1e-8, weight_decay, amsgrad, False, decoupled)
    rtol = 1e-12 if dtype == np.float64 else 1e-5
    np.testing.assert_allclose(params[0], params[1], rtol=rtol, atol=rtol)
    np.testing.assert_allclose(states[0][0], states[1][0], rtol=rtol, atol=rtol)


# ---- bad input ----------------------------------------------------------------------------------------------


def _param():
    return mt.zeros(2, requires_grad=True)


@pytest.mark.parametrize("make,message", [
    (lambda: optim.SGD([_param()], lr=-0.1), "Invalid learning rate: -0.1"),
    (lambda: optim.SGD([_param()], lr=0.1, momentum=-1), "Invalid momentum value: -1"),
    (lambda: optim.SGD([_param()], lr=0.1, nesterov=True), "Nesterov momentum requires a momentum and zero dampening"),
    (lambda: optim.SGD([_param()], lr=0.1, weight_decay=-1), "Invalid weight_decay value: -1"),
    (lambda: optim.Adam([_param()], betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    (lambda: optim.Adam([_param()], betas=(0.9, -0.1)), r"Invalid beta parameter at index 1: -0.1"),
    (lambda: optim.AdamW([_param()], eps=-1e-8), "Invalid epsilon value: -1e-08"),
    (lambda: optim.RMSprop([_param()], lr=-1), "Invalid learning rate: -1"),
    (lambda: optim.Adagrad([_param()], lr_decay=-1), "Invalid lr_decay value: -1"),
    (lambda: optim.Adagrad([_param()], initial_accumulator_value=-1), "Invalid initial_accumulator_value value: -1"),
    (lambda: optim.SGD([], lr=0.1), "optimizer got an empty parameter list"),
])
def test_bad_hyperparameters_are_refused_like_pytorch(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_parameter_in_two_groups_is_refused():
    p = _param()
    with pytest.raises(ValueError, match="some parameters appear in more than one parameter group"):
        optim.SGD([{"params": [p]}, {"params": [p], "lr": 0.1}], lr=0.01)


def test_param_groups_add_param_group_and_zero_grad():
    a, b = _param(), _param()
    optimizer = optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.5}], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in optimizer.param_groups] == [0.1, 0.5]
    assert optimizer.param_groups[1]["momentum"] == 0.9
    c = _param()
    optimizer.add_param_group({"params": c, "lr": 0.01})
    assert len(optimizer.param_groups) == 3
    (a.sum() + b.sum() + c.sum()).backward()
    optimizer.step()
    assert a.detach().tolist() == pytest.approx([-0.1, -0.1]) and b.detach().tolist() == pytest.approx([-0.5, -0.5])
    optimizer.zero_grad(set_to_none=False)
    assert a.grad.tolist() == [0.0, 0.0]
    optimizer.zero_grad()
    assert a.grad is None
