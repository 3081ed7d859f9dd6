// ECGService module.
