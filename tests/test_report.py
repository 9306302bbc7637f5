"""The parity report end to end, reduced (--quick, 20 training steps): exit code 0, the PNG and the JSON written."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_report_runs_end_to_end(tmp_path):
    out, js = tmp_path / 'out', tmp_path / 'report.json'
    proc = subprocess.run([sys.executable, '-m', 'benchmarks.report', '--steps', '20', '--quick', '--device', 'cpu',
                           '--out', str(out), '--json', str(js)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (out / 'report.png').stat().st_size > 10_000
    graph = next(out.glob('lenet_graph.*'))   # .svg with graphviz, else the DOT text
    assert graph.name in proc.stdout and graph.stat().st_size > 500
    result = json.loads(js.read_text())
    assert result['ok'] and result['steps'] == 20
    assert {r['model'] for r in result['rows']} >= {'cifar lenet', 'fashion mlp', 'cifar lenet [numpy by hand]'}
    assert all(r['ok'] for r in result['rows'])
    assert set(result['training']) == {'cifar lenet', 'fashion mlp'}
    assert 'max|grad diff|' in proc.stdout
