import { Flex, Spin } from 'antd';

export function PageLoading() {
  return (
    <Flex justify="center" style={{ padding: 48 }}>
      <Spin size="large" />
    </Flex>
  );
}
