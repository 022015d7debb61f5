"""绿色认定助手: an LLM-free assistant for 《重庆市绿色园区和绿色工厂认定管理办法》."""

__version__ = "0.1.0"
