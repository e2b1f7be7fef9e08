"""PyTorch's optimizers behind the oracle's external-optimizer protocol.

    python3 torch_optimizers.py sgd-nesterov [--lr 0.05] [--momentum 0.9]
    python3 torch_optimizers.py adagrad [--lr 0.1] [--initial-accumulator 0]

The parameter is one float64 tensor w, the loss L(w) = sum_n loss(<x_n, w>, y_n) is built from torch
operations and differentiated by autograd, and each step is the optimizer's own:
torch.optim.SGD(nesterov=True, momentum=...) or torch.optim.Adagrad.

SGD with Nesterov momentum steps along combinations of gradients, which lie in the span of the data
rows: it ends at the l2 projection of its start onto {w : Xw = y}. AdaGrad divides each coordinate of
the gradient by its own accumulated size, which leaves that span: its limit depends on the
preconditioner it accumulates on the way.
"""
import sys

import torch

from oracle_protocol import loss_name, option, serve

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)


def total_loss(kind, delta, u, y):
    if kind == "squared":
        return ((u - y) ** 2).sum()
    if kind == "huber":
        r = (u - y).abs()
        return torch.where(r <= delta, r ** 2, 2 * delta * r - delta ** 2).sum()
    if kind == "exponential":
        return torch.exp(-y * u).sum()
    if kind == "logistic":
        return torch.nn.functional.softplus(-y * u).sum()
    raise SystemExit("unknown loss " + repr(kind))


def start(problem):
    if len(sys.argv) < 2 or sys.argv[1] not in ("sgd-nesterov", "adagrad"):
        raise SystemExit("usage: torch_optimizers.py sgd-nesterov|adagrad [--lr LR] [--momentum M] "
                         "[--initial-accumulator A]")
    method, args = sys.argv[1], sys.argv[2:]
    X = torch.tensor(problem["X"], dtype=torch.float64)
    y = torch.tensor(problem["y"], dtype=torch.float64)
    kind, delta = loss_name(problem["loss"])
    w = torch.tensor(problem["w0"], dtype=torch.float64, requires_grad=True)
    if method == "sgd-nesterov":
        optimizer = torch.optim.SGD([w], lr=option(args, "--lr", 0.05),
                                    momentum=option(args, "--momentum", 0.9), nesterov=True)
    else:
        optimizer = torch.optim.Adagrad([w], lr=option(args, "--lr", 0.1),
                                        initial_accumulator_value=option(args, "--initial-accumulator", 0.0))

    def advance(k):
        for _ in range(k):
            optimizer.zero_grad()
            total_loss(kind, delta, X @ w, y).backward()
            optimizer.step()

    return advance, lambda: w.detach().tolist()


if __name__ == "__main__":
    serve(start)
