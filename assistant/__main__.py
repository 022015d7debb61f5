from assistant.cli import run

run(prog_name="python -m assistant")
