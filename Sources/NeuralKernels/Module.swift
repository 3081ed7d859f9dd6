// NeuralKernels module.
