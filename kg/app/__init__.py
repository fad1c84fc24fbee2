"""The shell over the stages: the build pipeline and the ``kg`` command line."""
